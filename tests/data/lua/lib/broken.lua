-- lib/broken.lua: a module that fails when loaded (runtime error on line 2)
local x = undefined_function()
return x
