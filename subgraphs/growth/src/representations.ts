/** What the gateway sends for a Channel: its key alone (the growth fields read the counts through the gateway). */
export interface ChannelRepresentation {
  id: string;
}
