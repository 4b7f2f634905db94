import { driverErrors } from "../core/errors.js";

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL)/;

/** SQLite's error mapping (see `driverErrors`). */
export const sqliteError = driverErrors(UNAVAILABLE);
