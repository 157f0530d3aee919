-- catalogue_all.lua: every entry of catalogue.lua once, with its defaults, in one package — a
-- check that the catalogue loads and a place to read the defaults side by side. Not a policy
-- option: the budget is nominal.

local cat = require "catalogue"

local names = {}
for name in pairs(cat) do names[#names + 1] = name end
table.sort(names)

local all = {}
for _, name in ipairs(names) do all[#all + 1] = cat[name] {} end

return wijksim.scenario {
  name = "catalogue", description = "every catalogue intervention with its defaults",
  years = 5, replications = 1, scale = 0.05,
  packages = {
    wijksim.package { name = "everything", rijk_eur_per_year = 100e6,
                      municipality_eur_per_year = 100e6, corporation_eur_per_year = 100e6,
                      interventions = all },
  },
}
