// Running independent native steps of one image at once (so one image can keep both cores busy)
// without making its error depend on timing: when several steps fail, the one reported is the first
// in the order given, as if they had run one after the other.

/** Like Promise.all, but waits for every promise and rethrows the first failure in list order. */
export async function allInOrder<T extends readonly unknown[]>(work: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(work);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
