/**
 * The duplicate review queue: every open question "are these two records one person?", the
 * most likely first, each pair side by side with the probability and the waterfall of the
 * evidence that produced it; an official who may correct records settles it — the same person
 * (the record merged into the other, reversibly) or different people (dismissed) — with a
 * reason. Nothing is merged by the register itself.
 */
import type { FastifyRequest } from 'fastify';
import { h, Fragment, type Html } from '../jsx.ts';
import { page } from '../layout.tsx';
import { Badge, Input, Name, Pager, RegNo, namesInReadingOrder, pageParam, statusTone } from '../components.tsx';
import { callApi, emptyForm, postedValues, withProblem, type FormState } from '../forms.ts';
import { MatchWaterfall, matchEvidence, percent } from '../match-explanation.tsx';
import { ActionForm } from './cases/action-form.tsx';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

const perPage = 20;

interface Summary {
  readonly id: string;
  readonly register_number: string;
  readonly names: readonly { readonly script: string; readonly full: string }[];
  readonly custody_status: string;
  readonly version: number;
}

interface Review {
  readonly person: Summary;
  readonly candidate: Summary;
  readonly score: number;
  readonly explanation: unknown;
  readonly opened_idx: number;
}

/** A refused settlement, shown on the pair it concerns. */
interface Refused {
  readonly person: string;
  readonly candidate: string;
  readonly action: 'merge' | 'dismiss';
  readonly form: FormState;
}

function Record(props: { view: View; person: Summary }): Html {
  const { t } = props.view;
  const p = props.person;
  return (
    <div class="card">
      <h3>
        <a href={`/persons/${p.id}`}>
          <RegNo value={p.register_number} />
        </a>
      </h3>
      <ul>
        {namesInReadingOrder(p.names, t.dir).map((n) => (
          <li>
            <Name full={n.full} script={n.script} />
          </li>
        ))}
      </ul>
      <Badge tone={statusTone[p.custody_status]}>{t.of('custody_status', p.custody_status)}</Badge>
    </div>
  );
}

function ReviewItem(props: { view: View; review: Review; refused: Refused | null; threshold: number }): Html {
  const { view, review } = props;
  const { t } = view;
  const evidence = matchEvidence(review.explanation);
  const pair = `${review.person.id}/${review.candidate.id}`;
  const formFor = (action: 'merge' | 'dismiss') => (props.refused?.action === action ? props.refused.form : { ...emptyForm, scope: `${action}-${review.person.id.slice(0, 8)}-${review.candidate.id.slice(0, 8)}` });
  const likely = review.score >= props.threshold;
  return (
    <article class="review" data-pair={pair} aria-labelledby={`r-${review.person.id}-${review.candidate.id}`}>
      <h2 id={`r-${review.person.id}-${review.candidate.id}`}>
        {t('reviews.pair', { a: review.person.register_number, b: review.candidate.register_number })}{' '}
        <Badge tone={likely ? 'bad' : 'warn'}>{t('reviews.probability', { percent: percent(view, review.score) })}</Badge>
      </h2>
      <div class="compare">
        <Record view={view} person={review.person} />
        <Record view={view} person={review.candidate} />
      </div>
      {evidence ? <MatchWaterfall view={view} evidence={evidence} /> : null}
      {view.can('person.correct') ? (
        <>
          <ActionForm view={view} action="/reviews/dismiss" title={t('reviews.dismiss')} form={formFor('dismiss')} submit={t('reviews.dismiss_submit')}>
            <input type="hidden" name="person" value={review.person.id} />
            <input type="hidden" name="candidate" value={review.candidate.id} />
            <Input form={formFor('dismiss')} name="/reason" label={t('reviews.reason')} hint={t('reviews.dismiss_hint')} required />
          </ActionForm>
          <ActionForm view={view} action="/reviews/merge" title={t('reviews.merge', { from: review.person.register_number, into: review.candidate.register_number })} form={formFor('merge')} submit={t('reviews.merge_submit')} danger>
            <input type="hidden" name="person" value={review.person.id} />
            <input type="hidden" name="candidate" value={review.candidate.id} />
            <input type="hidden" name="version" value={String(review.person.version)} />
            <Input form={formFor('merge')} name="/reason" label={t('reviews.reason')} hint={t('reviews.merge_hint')} required />
          </ActionForm>
        </>
      ) : null}
    </article>
  );
}

export function reviewPages(web: Web, options: { readonly likely: () => number }): void {
  async function queue(request: FastifyRequest, view: View, current: number, refused: Refused | null): Promise<string> {
    const { t } = view;
    const answer = await callApi<{ reviews: Review[]; total: number }>(web.api, request, 'GET', `/api/reviews?limit=${perPage + 1}&offset=${(current - 1) * perPage}`);
    const reviews = answer.ok ? answer.body.reviews : [];
    const total = answer.ok ? answer.body.total : 0;
    const notice = (request.query as { notice?: string }).notice;
    return page({
      view,
      title: t('reviews.title'),
      nav: '/reviews',
      children: (
        <>
          {notice === 'merged' || notice === 'dismissed' ? (
            <p class="banner ok" role="status">
              {notice === 'merged' ? t('reviews.done_merged') : t('reviews.done_dismissed')}
            </p>
          ) : null}
          <p>{t('reviews.intro')}</p>
          {!answer.ok ? <p class="banner bad">{t('reviews.failed')}</p> : <p>{t('reviews.total', { count: total })}</p>}
          {reviews.slice(0, perPage).map((r) => (
            <ReviewItem view={view} review={r} threshold={options.likely()} refused={refused && refused.person === r.person.id && refused.candidate === r.candidate.id ? refused : null} />
          ))}
          <Pager view={view} page={current} hasNext={reviews.length > perPage} href={(p) => `/reviews?page=${p}`} />
        </>
      ),
    });
  }

  web.get<{ page?: string; notice?: string }>('/reviews', { permission: 'person.read', scope: 'filtered' }, async (request, _reply, view) => queue(request, view, pageParam(request.query.page), null));

  for (const action of ['merge', 'dismiss'] as const) {
    web.post<Record<string, string>>(`/reviews/${action}`, { permission: 'person.correct', scope: { person: '/body/person' } }, async (request, reply, view) => {
      const values = postedValues(request.body);
      const person = values['person'] ?? '';
      const candidate = values['candidate'] ?? '';
      const reason = (values['/reason'] ?? '').trim();
      const answer =
        action === 'merge'
          ? await callApi(web.api, request, 'POST', `/api/persons/${encodeURIComponent(person)}/merge`, { into: candidate, reason, ...(/^\d{1,9}$/.test(values['version'] ?? '') ? { expected_version: Number(values['version']) } : {}) }, values._key)
          : await callApi(web.api, request, 'POST', `/api/persons/${encodeURIComponent(person)}/duplicates/${encodeURIComponent(candidate)}/dismiss`, { reason }, values._key);
      if (answer.ok) return reply.redirect(`/reviews?notice=${action === 'merge' ? 'merged' : 'dismissed'}`, 303);
      const form = withProblem(view.t, { '/reason': values['/reason'] ?? '' }, answer.problem, ['/reason']);
      reply.code(answer.problem.status >= 400 && answer.problem.status < 500 ? answer.problem.status : 422);
      return queue(request, view, 1, { person, candidate, action, form });
    });
  }
}
