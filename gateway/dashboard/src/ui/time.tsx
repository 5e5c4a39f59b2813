/** An instant as the viewer reads it (their time zone), with the UTC instant on hover and in `dateTime`. */
import { formatTime } from './format.js';

export function Time({ value, style = 'datetime' }: { value: string | number | Date | null | undefined; style?: 'datetime' | 'time' }) {
  const time = formatTime(value, style);
  if (!time) return <span>—</span>;
  return (
    <time dateTime={time.utc} title={`${time.utc} (UTC)`}>
      {time.text}
    </time>
  );
}
