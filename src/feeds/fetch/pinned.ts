/** An address a host resolved to, checked and pinned for the connection. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}
