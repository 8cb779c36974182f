import { errorInWords } from '../lib/error-words.js';

/** An error in plain words (role "alert", so it is announced), with the service's detail and code. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const words = errorInWords(error);
  return (
    <div className="error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      <span className="error-title">{words.title}</span>
      {words.detail ? <span className="error-detail"> {words.detail}</span> : null}
      {words.code ? <span className="error-code"> ({words.code})</span> : null}
    </div>
  );
}
