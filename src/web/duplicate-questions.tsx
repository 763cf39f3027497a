/** The open duplicate questions about a record: each other record it may be, with the probability, and the way to the review queue. */
import { h, Fragment, type Html } from './jsx.ts';
import { RegNo } from './components.tsx';
import { percent } from './match-explanation.tsx';
import type { DuplicateQuestion } from '../queries/duplicate-questions.ts';
import type { View } from './view.ts';

export function DuplicateQuestionList(props: { view: View; questions: readonly DuplicateQuestion[]; newTab?: boolean }): Html {
  const { view } = props;
  const { t } = view;
  return (
    <>
      <ul class="plain">
        {props.questions.map((d) => (
          <li>
            <a href={`/persons/${d.other_id}`} target={props.newTab ? '_blank' : undefined} rel={props.newTab ? 'noopener' : undefined}>
              <RegNo value={d.other_register_number} />
            </a>{' '}
            — {t('reviews.probability', { percent: percent(view, d.score) })}
          </li>
        ))}
      </ul>
      <p>
        <a href="/reviews">{t('person.duplicate_review')}</a>
      </p>
    </>
  );
}
