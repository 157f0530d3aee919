/* world.c: placeholder until written. */
