// One pager for every list: follows nextLink page by page, in constant memory,
// with Azure's PagedAsyncIterableIterator shape (iterate items, or byPage()).

export interface PageSettings {
  /** A nextLink returned with an earlier page, to resume from there. */
  continuationToken?: string;
  /** Items per page requested from the service. */
  maxPageSize?: number;
}

export interface PagedAsyncIterableIterator<T, TPage = T[], TPageSettings = PageSettings> {
  next(): Promise<IteratorResult<T>>;
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<T, TPage, TPageSettings>;
  byPage(settings?: TPageSettings): AsyncIterableIterator<TPage & { continuationToken?: string }>;
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

export interface PagerSource<T> {
  first(settings: PageSettings): Promise<Page<T>>;
  next(link: string): Promise<Page<T>>;
}

export function pager<T>(source: PagerSource<T>): PagedAsyncIterableIterator<T> {
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<T[] & { continuationToken?: string }> {
    let page = settings.continuationToken ? await source.next(settings.continuationToken) : await source.first(settings);
    for (;;) {
      const items = Object.assign(page.value, { continuationToken: page.nextLink });
      yield items;
      if (!page.nextLink) return;
      page = await source.next(page.nextLink);
    }
  }
  async function* items(): AsyncIterableIterator<T> {
    for await (const page of pages()) yield* page;
  }
  const iterator = items();
  const paged: PagedAsyncIterableIterator<T> = {
    next: () => iterator.next(),
    [Symbol.asyncIterator]: () => paged,
    byPage: (settings) => pages(settings),
  };
  return paged;
}

/** Collects every item of a pager (for the lists that are small by nature). */
export async function collect<T>(items: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}
