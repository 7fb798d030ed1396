// The pure transparency-log core (RFC 9162 hashing, proofs, C2SP checkpoints) lives here.
export {};
