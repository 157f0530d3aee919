/* h5_info.c: placeholder until written. */
