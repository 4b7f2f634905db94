export { ROLES as TOKEN_ROLES, type Role as TokenRole } from "@faramesh/policy-engine/vocabulary";
