/**
 * Words the log proves without carrying them (MR56(3)): what a confidential complaint says, its
 * answer, the allegation it opened and the independent authority's findings on it. The log's
 * entries are read by monitors and supervisors; a confidential complaint is read by the authority
 * independent of the facility alone. So its event holds, in place of the words, their seal: the hex
 * SHA-256 of a random salt and the words, computed by the command that records them
 * (store/sealed-texts.ts) and given to the decision with its subject; the words are kept beside the
 * log under that digest, in the same transaction, and the log still proves what was said.
 */
export interface SealedText {
  /** Hex SHA-256 of the salt's bytes followed by the words' UTF-8. */
  readonly sha256: string;
}
