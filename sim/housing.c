/* housing.c: placeholder until written. */
