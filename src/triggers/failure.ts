// Why a function gave no usable answer, as the trigger runner maps it to Cognito's errors
// (src/triggers/run.ts): it threw (`error`), overran its time (`timeout`), could not be reached or
// does not exist (`missing`), or its runtime died (`crashed`).
export type FailureKind = 'error' | 'timeout' | 'missing' | 'crashed';

export class FunctionFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** The error's type as the function's runtime reports it (Error, TypeError, ...). */
    readonly errorType?: string,
  ) {
    super(message);
  }
}
