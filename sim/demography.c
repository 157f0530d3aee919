/* demography.c: placeholder until written. */
