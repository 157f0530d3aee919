/* areadata.c: placeholder until written. */
