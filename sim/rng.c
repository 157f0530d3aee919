/* rng.c: placeholder until written. */
