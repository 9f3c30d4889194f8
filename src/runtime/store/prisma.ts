// The runtime cannot import the project's generated client (its path and models live in the
// project), so it types the client structurally: any Prisma 7 client generated from the
// shipped schema fits. Only store/ files touch it; routes see domain verbs.

// Arguments are the generated client's own types; results are narrowed by each store file.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = any;

export interface ModelDelegate {
  findUnique(args: Args): PromiseLike<unknown>;
  findFirst(args: Args): PromiseLike<unknown>;
  findMany(args: Args): PromiseLike<unknown[]>;
  create(args: Args): PromiseLike<unknown>;
  update(args: Args): PromiseLike<unknown>;
  updateMany(args: Args): PromiseLike<{ count: number }>;
  deleteMany(args: Args): PromiseLike<{ count: number }>;
}

export interface PrismaClientLike {
  /** Only for statements Prisma's API cannot express in one round trip (the refresh rotation). */
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
  user: ModelDelegate;
  session: ModelDelegate;
  oneTimeToken: ModelDelegate;
  auditEvent: ModelDelegate;
}

/** Prisma's unique-constraint violation (P2002), e.g. two registrations racing for one email. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
