// Keeps the best `n` items of a stream without holding the whole stream: the draw runs over a
// million entries in constant memory.
export class BestN<T> {
  private readonly items: T[] = []
  constructor(
    private readonly n: number,
    /** negative when a ranks before b */
    private readonly compare: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    if (this.n <= 0) return
    const items = this.items
    if (items.length === this.n && this.compare(item, items[items.length - 1] as T) >= 0) return
    let low = 0
    let high = items.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (this.compare(items[mid] as T, item) <= 0) low = mid + 1
      else high = mid
    }
    items.splice(low, 0, item)
    if (items.length > this.n) items.pop()
  }

  result(): T[] {
    return [...this.items]
  }
}
