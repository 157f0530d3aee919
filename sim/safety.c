/* safety.c: placeholder until written. */
