import { driverErrors } from "../core/errors.js";

// SQLSTATE classes 08 connection, 53 resources, 57 operator intervention (shutdown, statement
// timeout, cancel), 58 system (I/O), XX internal; 40001/40P01 retryable; 25006 read-only
// transaction (a standby after failover, default_transaction_read_only); 42501 insufficient
// privilege (write rights revoked): a refused write is an outage, not a bug; 25P03 idle-in-transaction timeout; 55P03/55006 lock
// not available, object in use. Then socket errors. An exception a trigger raises (P0) is not
// an outage: it fails only the write it is about, which the one-write retry isolates.
const UNAVAILABLE =
  /^(08|53|57|58|XX|40001|40P01|25006|42501|25P03|55P03|55006|CONNECT|CONNECTION_|ECONN|ETIMEDOUT|ENOTFOUND|EPIPE|EAI_)/;

/** PostgreSQL's error mapping (see `driverErrors`). */
export const pgError = driverErrors(UNAVAILABLE);
