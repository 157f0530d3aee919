-- lib/cycle_a.lua: requires lib.cycle_b, which requires this module again (a cycle).
return require "lib.cycle_b"
