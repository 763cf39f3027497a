/**
 * External test vectors for the ledger (copied from shared/data/ledger; provenance of
 * every block in SOURCES.md and in each block's `source`). Tests take expected values
 * from here, never from the code under test.
 */
import { readFileSync } from 'node:fs';

/** One inclusion proof as the vectors write it (hex hashes, 0-based index). */
export interface InclusionVector {
  index: number;
  size: number;
  leafHash: string;
  root: string;
  proof: string[];
  published?: boolean;
}

/** One consistency proof as the vectors write it (hex hashes). */
export interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[];
  published?: boolean;
}

/** A transparency-dev golden probe (base64 hashes, `proof` may be null). */
export interface InclusionProbe {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
  file: string;
}

/** A transparency-dev golden consistency probe (base64 hashes, `proof` may be null). */
export interface ConsistencyProbe {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
  file: string;
}

interface Digest {
  want: string;
  lines: string;
  count?: number;
}

/** The parts of vectors.json the ledger tests read. */
export interface LedgerVectors {
  rfc6962_hasher_primitives: {
    vectors: Array<{
      desc: string;
      op: 'empty_root' | 'leaf_hash' | 'node_hash';
      input_hex?: string;
      input_ascii?: string;
      left_ascii?: string;
      right_ascii?: string;
      want: string;
    }>;
    also: Array<{ desc: string; input_ascii: string; want_base64: string }>;
  };
  rfc6962_classic_8_leaf_tree: {
    leaf_inputs_hex: string[];
    node_hashes_by_level: string[][];
    roots_by_size_0_to_8: string[];
    inclusion_proofs: InclusionVector[];
    consistency_proofs: ConsistencyVector[];
  };
  transparency_dev_golden_probes: {
    inclusion: InclusionProbe[];
    consistency: ConsistencyProbe[];
  };
  plants_mtc_accumulated_vectors: {
    published: {
      subtree_hash_digest: Digest;
      subtree_inclusion_digest: Digest;
      subtree_consistency_digest: Digest;
    };
    derived_restricted_to_plain_log: {
      roots_digest: Digest;
      inclusion_digest: Digest;
      consistency_digest: Digest;
      roots_by_size_0_to_130: string[];
      spot_inclusion_proofs_size_130: InclusionVector[];
      spot_consistency_proofs: ConsistencyVector[];
      tile_0_000_p_130_sha256: { want: string };
    };
  };
  go_sumdb_tlog: {
    format_tree_golden: string;
    tile_path_vectors_go_format: Array<{ path: string; H?: number; L?: number; N?: number; W?: number; invalid?: boolean }>;
  };
  signed_note: {
    go_sumdb_note: {
      skey: string;
      vkey: string;
      text: string;
      signed_note: string;
      second_signer: { vkey: string; sig_line: string };
      negative: string[];
    };
    c2sp_signed_note_example: { vkey: string; signed_note: string };
    production_sumdb_checkpoint: {
      vkey: string;
      signed_note: string;
      origin: string;
      size: number;
      extra_signatures_over_same_text: Array<{ vkey: string; line: string }>;
      fixed_test_keys_same_file: Record<'Log' | 'Known', { vkey: string; skey: string }>;
    };
  };
  tlog_checkpoint: { example_unverifiable: string };
  tlog_cosignature_v1: {
    signed_message_example: string;
    parse_vectors: Array<{ line?: string; sig_base64?: string; key_id?: string; timestamp?: number; expect?: string }>;
  };
  tlog_tiles: {
    tile_index_encoding_example: { N: number; path_elements: string };
    example_size_70000: string;
    example_size_256: string;
  };
  jcs_rfc8785: {
    vectors: Array<{
      name: string;
      input_text: string;
      canonical_output_utf8: string;
      canonical_output_hex: string;
      canonical_output_sha256: string;
    }>;
  };
}

/** The parsed vectors file. */
export const vectors: LedgerVectors = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));

/** Hex to bytes. */
export function hex(s: string): Buffer {
  return Buffer.from(s, 'hex');
}

/** Standard base64 to bytes; the probes hold some deliberately short values, kept as decoded. */
export function b64(s: string): Buffer {
  return Buffer.from(s, 'base64');
}
