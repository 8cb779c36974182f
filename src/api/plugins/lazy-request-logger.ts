import type { FastifyChildLoggerFactory } from 'fastify/types/logger.js';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilent, LogFn, Logger } from 'pino';

/**
 * A request's logger, made on its first line: pino's `child()` serializes the request id into a
 * binding string up front (a few µs, a tenth of a cached answer's CPU), and most requests write no
 * line at all (one at debug, see requestLogPlugin). A line at a level not written makes nothing.
 */
class LazyChildLogger {
  #child: Logger | null = null;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): LevelWithSilent | string {
    return (this.#child ?? this.parent).level;
  }

  set level(level: LevelWithSilent | string) {
    this.#made().level = level;
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.#made().child(bindings, options);
  }

  isLevelEnabled(level: Level | string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }

  fatal(...args: Parameters<LogFn>): void {
    this.#write('fatal', args);
  }
  error(...args: Parameters<LogFn>): void {
    this.#write('error', args);
  }
  warn(...args: Parameters<LogFn>): void {
    this.#write('warn', args);
  }
  info(...args: Parameters<LogFn>): void {
    this.#write('info', args);
  }
  debug(...args: Parameters<LogFn>): void {
    this.#write('debug', args);
  }
  trace(...args: Parameters<LogFn>): void {
    this.#write('trace', args);
  }
  silent(): void {}

  #write(level: Level, args: Parameters<LogFn>): void {
    if (!this.isLevelEnabled(level)) return;
    const child = this.#made();
    (child[level] as LogFn).apply(child, args);
  }

  #made(): Logger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }
}

/**
 * Fastify's `childLoggerFactory`: each request's logger is a LazyChildLogger. A route with a log
 * level of its own gets a real child at once (its level decides what the lazy one would skip).
 */
export const lazyRequestLogger: FastifyChildLoggerFactory = (logger, bindings, options) => {
  if (options.level !== undefined) return logger.child(bindings, options);
  // The app's logger is pino's (AppDeps.logger): the lazy one reads its levels.
  return new LazyChildLogger(logger as Logger, bindings, options) as unknown as Logger;
};
