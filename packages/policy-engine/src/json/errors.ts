/** Why a JSON text was refused; `path` names where (e.g. `params.amount`). */
export class JsonParseError extends Error {
  override readonly name = "JsonParseError";
  constructor(
    message: string,
    readonly path: string,
    readonly position: number,
  ) {
    super(message);
  }
}
