import type { UserRecord } from "../store/index.js";

/** The `user` object of the API: what GET /user/ returns. */
export interface UserBody {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
}

export function toUserBody({ id, email, firstName, lastName, emailVerified }: UserRecord): UserBody {
  return { id, email, firstName, lastName, emailVerified };
}
