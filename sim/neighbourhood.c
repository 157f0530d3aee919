/* neighbourhood.c: placeholder until written. */
