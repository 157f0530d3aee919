-- lib/cycle_b.lua: see lib/cycle_a.lua.
return require "lib.cycle_a"
