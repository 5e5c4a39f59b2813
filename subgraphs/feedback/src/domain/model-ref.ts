/** A Model entity as this subgraph knows it: its key. The monitoring subgraph owns the rest. */
export interface ModelRef {
  id: string;
}
