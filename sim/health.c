/* health.c: placeholder until written. */
