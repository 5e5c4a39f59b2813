/**
 * A draft's viral potential, live: what the viewer types is sent to detectViralPotential once
 * they pause (DRAFT_DEBOUNCE_MS), and the score, its confidence and the words that drive it show
 * below. Only the answer for the text currently in the box is shown: an answer for an older text
 * (a slow request overtaken by typing) is dropped, and `data-viral-score` is set only when the
 * score is for exactly what the box holds (`data-scored-length` says how long that text was). A
 * refused text (blank, binary, too long) shows the service's reason.
 */
import { useEffect, useState } from 'preact/hooks';
import type { GraphQLFormattedError } from 'graphql';
import { DraftViralPotentialDocument, type DraftViralPotentialQuery } from '../../__generated__/graphql.js';
import { GatewayUnreachableError, request } from '../../api/request.js';
import { formatDecimal, formatPercent } from '../../ui/format.js';
import { adviceFor } from '../../ui/states.js';

/** How long typing must pause before the draft is scored. */
export const DRAFT_DEBOUNCE_MS = 400;
/** The service's limit (validateContent): longer drafts are refused there; the box says so first. */
export const DRAFT_MAX_CHARS = 8192;

type Potential = DraftViralPotentialQuery['detectViralPotential'];

type Scored =
  | { state: 'idle' }
  | { state: 'scoring'; content: string }
  | { state: 'scored'; content: string; potential: Potential }
  | { state: 'refused'; content: string; errors: readonly GraphQLFormattedError[] }
  | { state: 'unreachable'; content: string; error: GatewayUnreachableError };

export function DraftBox() {
  const [text, setText] = useState('');
  const [scored, setScored] = useState<Scored>({ state: 'idle' });

  useEffect(() => {
    if (text === '') {
      setScored({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setScored({ state: 'scoring', content: text });
      request(DraftViralPotentialDocument, { content: text }, { signal: controller.signal }).then(
        ({ data, errors }) => {
          if (controller.signal.aborted) return;
          if (data?.detectViralPotential) setScored({ state: 'scored', content: text, potential: data.detectViralPotential });
          else setScored({ state: 'refused', content: text, errors });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (error instanceof GatewayUnreachableError) setScored({ state: 'unreachable', content: text, error });
          else setScored({ state: 'refused', content: text, errors: [{ message: error instanceof Error ? error.message : String(error) }] });
        },
      );
    }, DRAFT_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const current = scored.state !== 'idle' && scored.content === text;
  const tooLong = text.length > DRAFT_MAX_CHARS;
  return (
    <section class="card" aria-labelledby="draft-title" data-testid="draft-box">
      <h2 id="draft-title">Viral potential of a draft</h2>
      <label for="draft-text">Type or paste a post; it is scored when you pause (nothing is stored).</label>
      <textarea
        id="draft-text"
        rows={6}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        aria-describedby="draft-result"
        aria-invalid={scored.state === 'refused' && current ? 'true' : undefined}
        data-testid="draft-text"
      />
      <p class={`sub ${tooLong ? 'down' : ''}`}>
        {text.length.toLocaleString()} / {DRAFT_MAX_CHARS.toLocaleString()} characters
      </p>
      <div id="draft-result" aria-live="polite" data-testid="draft-result" data-state={current ? scored.state : text === '' ? 'idle' : 'waiting'}>
        {scored.state === 'idle' || text === '' ? <p class="sub">The score appears here.</p> : null}
        {text !== '' && (!current || scored.state === 'scoring') ? (
          <p class="sub" role="status">
            <span class="spinner" aria-hidden="true" /> Scoring…
          </p>
        ) : null}
        {current && scored.state === 'scored' ? <Score potential={scored.potential} text={text} /> : null}
        {current && scored.state === 'refused' ? <Refused errors={scored.errors} /> : null}
        {current && scored.state === 'unreachable' ? (
          <p class="state state-error" role="alert" data-testid="draft-error" data-error-code={scored.error.code}>
            {adviceFor(scored.error)}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function Score({ potential, text }: { potential: Potential; text: string }) {
  const viral = potential.score >= 0.5;
  return (
    <div class="draft-score" data-viral-score={potential.score} data-viral-confidence={potential.confidence} data-scored-length={text.length} data-model-version={potential.modelVersion}>
      <p class="score-line">
        <span class={`score ${viral ? 'score-high' : ''}`}>{formatPercent(potential.score)}</span> chance of landing in the channel’s top tenth of shares and reactions per view
        {viral ? ' — likely viral' : ''}.
      </p>
      <p class="sub">
        Confidence in the call {formatPercent(potential.confidence)}; {potential.tokens} tokens read{potential.truncated ? ' (the text is longer than the model reads: only part was judged)' : ''}; model{' '}
        {potential.modelName} {potential.modelVersion}.
      </p>
      {potential.drivers.length > 0 ? (
        <p data-testid="draft-drivers" data-driver-count={potential.drivers.length}>
          Words that raise it most:{' '}
          {potential.drivers.map((d, i) => (
            <span key={i}>
              {i > 0 ? ', ' : ''}
              <mark title={`+${formatDecimal(d.effect, 3)} to the score (characters ${d.start}–${d.end})`}>{text.slice(d.start, d.end) || d.text}</mark>
            </span>
          ))}
        </p>
      ) : (
        <p class="sub">No single word raises the score.</p>
      )}
    </div>
  );
}

function Refused({ errors }: { errors: readonly GraphQLFormattedError[] }) {
  const first = errors[0];
  const reason = typeof first?.extensions?.reason === 'string' ? first.extensions.reason : undefined;
  return (
    <p class="state state-error" role="alert" data-testid="draft-error" data-error-code={typeof first?.extensions?.code === 'string' ? first.extensions.code : ''} data-error-reason={reason ?? ''}>
      {errors.map((e) => e.message).join('; ') || 'The draft could not be scored.'}
    </p>
  );
}
