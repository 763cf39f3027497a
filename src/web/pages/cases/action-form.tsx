/** One action on a case (or a person's segregation): a form folded under its title, open when it was refused. */
import { h, type Html, type Child } from '../../jsx.ts';
import { ErrorSummary, FormKeys } from '../../components.tsx';
import { formKey, type FormState } from '../../forms.ts';
import type { View } from '../../view.ts';

export const refused = (form: FormState | undefined): boolean => !!form && (form.errors.size > 0 || form.general.length > 0);

export function ActionForm(props: { view: View; action: string; title: string; form: FormState; submit: string; children?: Child; danger?: boolean; open?: boolean }): Html {
  return (
    <details class="batch no-print" open={refused(props.form) || props.open ? true : undefined}>
      <summary>{props.title}</summary>
      <form method="post" action={props.action} class="stack" novalidate>
        <FormKeys view={props.view} formKey={formKey()} />
        <ErrorSummary view={props.view} form={props.form} />
        {props.children}
        <div class="actions">
          <button type="submit" class={props.danger ? 'danger' : undefined}>
            {props.submit}
          </button>
        </div>
      </form>
    </details>
  );
}
