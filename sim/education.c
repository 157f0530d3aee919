/* education.c: placeholder until written. */
