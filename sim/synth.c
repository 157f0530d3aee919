/* synth.c: placeholder until written. */
