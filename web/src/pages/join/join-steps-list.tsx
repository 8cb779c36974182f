import { JOIN_STEPS, stepStates, type JoinProgress } from './join-steps.js';

const STATE_WORDS = { done: 'done', doing: 'in progress', todo: 'to do', failed: 'failed' } as const;

/** The steps of joining as an ordered list, each with its state (announced politely as it moves). */
export function JoinStepsList({ progress }: { progress: JoinProgress }) {
  const states = stepStates(progress);
  return (
    <div aria-live="polite">
      <ol className="steps join-steps" aria-label="Joining NDeST, step by step">
        {JOIN_STEPS.map((step) => (
          <li key={step.id} data-state={states[step.id]} data-step={step.id}>
            {step.label} <span className="sr-only">({STATE_WORDS[states[step.id]]})</span>
            {progress.current === step.id && progress.detail && !progress.finished ? (
              <span className="step-detail muted">{progress.detail}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
