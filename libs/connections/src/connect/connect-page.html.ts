import type { ApiKeyScheme, ProviderPlugin } from '@storebridge/contracts';
import type { ConnectResult } from './connect.service';

export function escapeHtml(s: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return s.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1a1d21; }
  main { max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
  section { background: #fff; border: 1px solid #d6d9de; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
  h2 { margin: 0 0 .5rem; font-size: 1.15rem; }
  h3 { margin: 1rem 0 0; font-size: 1rem; }
  label { display: block; font-weight: 600; margin-top: .5rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #8a9099; border-radius: 4px; font: inherit; }
  input:focus, button:focus { outline: 3px solid #2f6fde; outline-offset: 2px; }
  .help { color: #4a5059; font-size: .9rem; margin: .25rem 0 0; }
  button { margin-top: .75rem; padding: .5rem 1rem; border: 0; border-radius: 4px; background: #1f5fcc; color: #fff; font: inherit; cursor: pointer; }
  [role=alert] { background: #fdecea; border: 1px solid #b3261e; color: #5f1410; padding: .75rem 1rem; border-radius: 6px; }`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function field(id: string, name: string, label: string, opts: { secret?: boolean; placeholder?: string; help?: string; value?: string }): string {
  const helpId = `${id}-help`;
  return `<label for="${id}">${escapeHtml(label)}</label>
<input id="${id}" name="${escapeHtml(name)}" type="${opts.secret ? 'password' : 'text'}" required autocomplete="off"${
    opts.placeholder ? ` placeholder="${escapeHtml(opts.placeholder)}"` : ''
  }${opts.value ? ` value="${escapeHtml(opts.value)}"` : ''}${opts.help ? ` aria-describedby="${helpId}"` : ''}>
${opts.help ? `<p class="help" id="${helpId}">${escapeHtml(opts.help)}</p>` : ''}`;
}

function consentForm(hidden: string, store: string, button: string, describedBy?: string): string {
  return `<form method="get" action="/connect/start">
${hidden}
${store}
<button type="submit"${describedBy ? ` aria-describedby="${describedBy}"` : ''}>${escapeHtml(button)}</button>
</form>`;
}

function keysForm(auth: ApiKeyScheme, id: string, hidden: string, store: string, button: string): string {
  const keys = auth.fields.map((f) => field(`${id}-${f.name}`, `credentials[${f.name}]`, f.label, f)).join('\n');
  return `<form method="post" action="/connect/keys">
${hidden}
${store}
${keys}
<button type="submit">${escapeHtml(button)}</button>
</form>`;
}

/**
 * The hosted connect page: one section per enabled provider. OAuth
 * providers get their consent button; key providers the key form, and when
 * the provider can create the keys itself (KeyProvisioning), an approval
 * button first with the key form as the alternative.
 */
export function renderConnectPage(args: { state: string; providers: ProviderPlugin[]; error?: string; store?: string }): string {
  const sections = args.providers.map((p) => {
    const id = `p-${p.code}`;
    const name = escapeHtml(p.displayName);
    const hidden = `<input type="hidden" name="state" value="${escapeHtml(args.state)}"><input type="hidden" name="provider" value="${escapeHtml(p.code)}">`;
    const store = (suffix = '') => field(`${id}${suffix}-store`, 'store', p.auth.storeField.label, { ...p.auth.storeField, value: args.store });
    let body: string;
    if (p.auth.kind === 'oauth2') body = consentForm(hidden, store(), `Connect ${p.displayName}`);
    else if (!p.auth.provisioning) body = keysForm(p.auth, id, hidden, store(), `Connect ${p.displayName}`);
    else {
      body = `${consentForm(hidden, store(), `Connect ${p.displayName}`, `${id}-approve-help`)}
<p class="help" id="${id}-approve-help">You approve the access in your ${name} admin, which creates the keys.</p>
<h3 id="${id}-keys-title">Or enter API keys</h3>
${keysForm(p.auth, id, hidden, store('-keys'), 'Connect with API keys')}`;
    }
    return `<section aria-labelledby="${id}-title">
<h2 id="${id}-title">${name}</h2>
${body}
</section>`;
  });
  const error = args.error ? `<div role="alert">${escapeHtml(args.error)}</div>` : '';
  const list = sections.length ? sections.join('\n') : '<p>No commerce platforms are enabled on this server.</p>';
  return layout('Connect your store', `<h1>Connect your store</h1>
${error}
<p>Choose your commerce platform and sign in to it to grant access.</p>
${list}`);
}

export function renderErrorPage(message: string): string {
  return layout('Cannot connect', `<h1>Cannot connect</h1>\n<div role="alert">${escapeHtml(message)}</div>\n<p>Go back to the app you came from and start again.</p>`);
}

/** Shown when the flow has no redirect URI to send the user back to. */
export function renderDone(r: ConnectResult): string {
  return layout('Store connected', `<h1>Store connected</h1>
<p>Your ${escapeHtml(r.provider)} store is connected. Connection id: <code id="connection-id">${escapeHtml(r.connectionId)}</code></p>`);
}
