# shape: wkgsh:QuantitativeClaim-observationAbout
# focus: id:claim-wco-customs-administrations-2022
# path: schema:observationAbout
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one figure about two organizations
INSERT DATA { GRAPH graph:big-partner-profile {
  id:claim-wco-customs-administrations-2022 schema:observationAbout id:borders-in-globalization .
} } ;
