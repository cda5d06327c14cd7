/** What the intent compiler refuses: a domain it cannot express in the switches' tables. */

/** The domain cannot be compiled (which switch, what, why); nothing is written then. */
export class IntentError extends Error {
  override readonly name = 'IntentError';

  constructor(
    /** The switch whose tables could not hold it. */
    readonly switchName: string,
    message: string,
  ) {
    super(`switch '${switchName}': ${message}`);
  }
}
