/* h5_write.c: placeholder until written. */
