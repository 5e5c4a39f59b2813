/**
 * Where the viewer sees whether a token is set and pastes or forgets one (reads are open; the
 * best-time heatmap and the admin actions need one). The token itself is never shown.
 */
import { useRef, useState } from 'preact/hooks';
import { getToken, setToken } from '../api/token.js';

export function TokenBox() {
  const [hasToken, setHasToken] = useState(() => getToken() !== null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  // Escape closes the form and gives the focus back to its button.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    setToken(draft);
    setHasToken(getToken() !== null);
    setDraft('');
    setOpen(false);
  };
  return (
    <div class="token-box" onKeyDown={onKeyDown}>
      <button ref={button} type="button" data-testid="token-button" data-has-token={hasToken} aria-expanded={open} aria-controls="token-form" onClick={() => setOpen(!open)}>
        {hasToken ? 'Token set' : 'No token'}
      </button>
      {open ? (
        <form id="token-form" class="token-form" onSubmit={save}>
          <label for="token-input">Bearer token (from `pnpm start`’s output, or `pnpm -s token`)</label>
          <input id="token-input" type="password" autoFocus autocomplete="off" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
          <div class="token-actions">
            <button type="submit">Use this token</button>
            {hasToken ? (
              <button
                type="button"
                onClick={() => {
                  setToken(null);
                  setHasToken(false);
                  setOpen(false);
                }}
              >
                Forget the token
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}
