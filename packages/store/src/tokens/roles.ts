/** Token roles (SPEC 6.2): `admin` ⊃ `approver` ⊃ `viewer`; `agent` is bound to one agent_id. */
export const TOKEN_ROLES = ["admin", "approver", "viewer", "agent"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
