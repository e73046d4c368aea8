# shape: wkgsh:QuantitativeClaim-measuredProperty
# focus: id:claim-wco-customs-administrations-2022
# path: schema:measuredProperty
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one figure said to measure two things
INSERT DATA { GRAPH graph:big-partner-profile {
  id:claim-wco-customs-administrations-2022 schema:measuredProperty wkg:foundingMembers .
} } ;
