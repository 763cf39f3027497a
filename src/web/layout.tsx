/**
 * The page shell: `<html lang dir>` from the reader's language, the font and stylesheet,
 * htmx (deferred; every page works without it), the navigation the reader's permissions
 * allow, the language switch and logout, and where errors of background requests appear.
 */
import { h, Fragment, documentHtml, type Child, type Html } from './jsx.ts';
import { locales, localeInfo } from './i18n.ts';
import type { View } from './view.ts';
import { FormKeys } from './components.tsx';
import { assetUrl } from './assets.ts';

/** htmx settings: no eval, no injected styles (CSP), validation answers (422) are swapped in. */
const htmxConfig = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
});

export function LanguageSwitch(props: { view: View }): Html {
  const { t } = props.view;
  return (
    <form method="post" action="/language" class="language-switch">
      <FormKeys view={props.view} />
      <input type="hidden" name="back" value={props.view.path} />
      <span class="visually-hidden" id="language-label">{t('layout.language')}</span>
      {locales.map((l) => (
        <button type="submit" name="lang" value={l} lang={l} dir={localeInfo[l].dir} aria-current={l === t.locale ? 'true' : undefined} aria-describedby="language-label">
          {localeInfo[l].name}
        </button>
      ))}
    </form>
  );
}

function Nav(props: { view: View; current: string }): Html {
  const { t, can } = props.view;
  const items: [string, string, boolean][] = [
    ['/dashboard', t('nav.dashboard'), true],
    ['/search', t('nav.search'), can('person.read')],
    ['/persons/new', t('nav.register'), can('person.register')],
    ['/reviews', t('nav.reviews'), can('person.read')],
    ['/transfers', t('nav.transfers'), can('transfer.read')],
    ['/roll-calls', t('nav.roll_calls'), can('rollcall.read')],
    ['/courts', t('nav.courts'), can('case.read')],
    ['/repatriations', t('nav.repatriations'), can('repatriation.read')],
    ['/nationals', t('nav.nationals'), can('nationals.read')],
    ['/allegations', t('nav.referrals'), can('allegation.refer')],
    ['/information-requests', t('nav.information_requests'), can('inforequest.read')],
    ['/restrictions', t('nav.restrictions'), can('restriction.read')],
    ['/sharing-records', t('nav.sharing_records'), can('sharing.read')],
    ['/visits', t('nav.visits'), can('visit.read')],
    ['/visit-register', t('nav.visit_register'), can('visit.register_read')],
    ['/figures/drafts', t('nav.figures'), can('figures.prepare')],
    ['/accounts', t('nav.accounts'), can('account.manage')],
  ];
  return (
    <nav class="main-nav" aria-label={t('nav.label')}>
      <ul>
        {items
          .filter(([, , allowed]) => allowed)
          .map(([href, label]) => (
            <li>
              <a href={href} aria-current={props.current === href ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

export interface PageProps {
  readonly view: View;
  readonly title: string;
  /** The navigation entry to mark as current. */
  readonly nav?: string;
  readonly children?: Child;
  /** Pages meant to be printed carry the print stylesheet for the screen too. */
  readonly print?: boolean;
  /** Scripts of assets/ that only this page needs (deferred, like app.js). */
  readonly scripts?: readonly string[];
}

/** A whole page. */
export function page(props: PageProps): string {
  const { view } = props;
  const { t } = view;
  return documentHtml(
    <html lang={t.locale} dir={t.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={htmxConfig} />
        <title>{`${props.title} — ${t('app.name')}`}</title>
        <link rel="icon" href="data:," />
        <link rel="preload" href={assetUrl('font-arabic-400')} as="font" type="font/woff2" crossorigin="anonymous" />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <link rel="stylesheet" href={assetUrl('print.css')} media={props.print ? 'all' : 'print'} />
        <script src={assetUrl('htmx.min.js')} defer />
        <script src={assetUrl('app.js')} defer />
        {(props.scripts ?? []).map((name) => (
          <script src={assetUrl(name)} defer />
        ))}
      </head>
      <body hx-headers={JSON.stringify({ 'X-CSRF-Token': view.csrf })} class={props.print ? 'print-view' : undefined}>
        <a class="skip-link" href="#main">{t('layout.skip')}</a>
        <header class="top">
          <div class="brand">
            <a href="/">{t('app.name')}</a>
            {view.demo ? <span class="badge warn">{t('layout.demo')}</span> : null}
          </div>
          {view.account ? <Nav view={view} current={props.nav ?? ''} /> : null}
          <div class="account">
            <LanguageSwitch view={view} />
            {view.account ? (
              <form method="post" action="/logout" class="logout">
                <FormKeys view={view} />
                <span>
                  <bdi>{view.account.display_name}</bdi> · {t.of('role', view.account.role)}
                </span>
                <a href="/second-factor">{t('mfa.link')}</a>{' '}
                <button type="submit" class="link">{t('layout.logout')}</button>
              </form>
            ) : null}
          </div>
        </header>
        <div id="net-error" class="banner bad" role="alert" hidden data-offline={t('layout.offline')} data-failed={t('layout.failed')} />
        <main id="main" tabindex="-1">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>,
  );
}

/** A message page (not allowed, not found, failed): what happened and what to do. */
export function messagePage(view: View, title: string, what: string, todo: string): string {
  return page({
    view,
    title,
    children: (
      <div class="message-box">
        <p>{what}</p>
        <p>{todo}</p>
        <p>
          <a href="/dashboard">{view.t('layout.back_home')}</a>
        </p>
      </div>
    ),
  });
}

/** A fragment for htmx, or the whole page for a plain request. */
export function fragmentOrPage(view: View, fragment: Html, whole: () => string): string {
  return view.htmx ? fragment.value : whole();
}
