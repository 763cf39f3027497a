/**
 * Handover receipts: issuing a transfer's receipt once both sides of the handover have
 * confirmed, fetching it signed (the exact file `sijill receipt verify` checks), and the
 * register's receipt verifier key, public so that a receiving state can pin it.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { issueHandoverReceipt } from '../../commands/issue-handover-receipt.ts';
import { signedReceipt } from '../../queries/handover-receipt.ts';
import { receiptFileText } from '../../receipt/receipt-document.ts';
import type { LogKey } from '../../transparency/log-key.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { shownPersonal } from '../../queries/personal-read.ts';
import { earlierResponse, commandContext, runCommand } from '../run-command.ts';
import { closed, IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';

const IssuedResponse = closed({ transfer_id: Type.String({ format: 'uuid' }), receipt_id: Type.String({ format: 'uuid' }) });
const ReceiptFile = Type.Object({}, { additionalProperties: true, description: 'the signed receipt: canonical JSON (RFC 8785) of {format, receipt, key_id, signature} and a newline, byte for byte as verified' });
const KeyResponse = closed({ name: Type.String(), key: Type.String({ description: 'the Ed25519 verifier key in signed-note form: name+key id+base64(0x01 ‖ public key)' }) });

/** Register the receipt routes; `key` opens the register's receipt key when first needed. */
export function receiptRoutes(app: FastifyInstance, ctx: ApiContext, key: () => LogKey): void {
  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/transfers/:id/receipt',
    {
      config: { permission: 'transfer.receive', scope: { transfer: '/params/id' } },
      schema: { tags: ['custody'], summary: 'Issue the handover receipt of a transfer whose count is closed (both sides of the handover confirmed)', params: IdParams, headers: IdempotencyHeaders, body: closed({}), response: { 201: IssuedResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const earlier = await earlierResponse(ctx.db, commandContext(request), issueHandoverReceipt.kind);
      const input = { transfer_id: request.params.id, receipt_id: (earlier?.receipt_id as string | undefined) ?? randomUUID() };
      const response = await runCommand(ctx.register, issueHandoverReceipt, input, request, reply, { '/transfer_id': '/params/id' });
      return reply.code(201).header('location', `/api/transfers/${request.params.id}/receipt`).send(response);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/transfers/:id/receipt',
    {
      config: { permission: 'transfer.read', scope: { transfer: '/params/id' } },
      schema: { tags: ['custody'], summary: 'The signed handover receipt of a transfer, as a file to keep and verify offline; the read is audited for each person on the transfer', params: IdParams, response: { 200: ReceiptFile, ...problemResponses } },
    },
    async (request, reply) => {
      const now = ctx.clock();
      const text = await ctx.db.transaction(async (tx) => {
        const document = await signedReceipt(tx, request.params.id, key().signer);
        if (!document) throw new ApiProblem('not_found', 'no receipt was issued for this transfer', '/params/id');
        const { rows } = await tx.query<{ person_id: string }>('SELECT person_id FROM transfer_person WHERE transfer_id = $1', [request.params.id]);
        await shownPersonal(tx, { accountId: request.account!.id, purpose: `receipt of transfer ${request.params.id}`, now }, rows.map((r) => r.person_id));
        return receiptFileText(document);
      });
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="receipt-${request.params.id}.json"`)
        .send(text);
    },
  );

  app.get(
    '/api/receipts/key',
    {
      config: { permission: 'public' },
      schema: { tags: ['custody'], summary: "The register's receipt verifier key, to pin and verify receipts offline (sijill receipt verify --key)", response: { 200: KeyResponse, ...problemResponses } },
    },
    async () => {
      const k = key();
      return { name: k.name, key: k.verifierKey };
    },
  );
}
