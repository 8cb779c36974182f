/**
 * The few logging calls the infrastructure helpers make. A pino logger fits this shape, so
 * `src/main` passes its logger; scripts and tests may pass `consoleLogger` or nothing.
 */
export interface InfraLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export const silentLogger: InfraLogger = {
  info: () => undefined,
  warn: () => undefined,
};

export const consoleLogger: InfraLogger = {
  info: (obj, msg) => console.log(msg, Object.keys(obj).length > 0 ? obj : ''),
  warn: (obj, msg) => console.warn(msg, Object.keys(obj).length > 0 ? obj : ''),
};
