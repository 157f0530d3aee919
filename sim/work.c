/* work.c: placeholder until written. */
