# shape: wkgsh:QuantitativeClaim
# constraint: wkgsh:QuantitativeClaim-onePreferred
# focus: id:claim-wco-members-2026
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: two preferred figures of the WCO's members
INSERT DATA { GRAPH graph:editorial { id:claim-wco-members-2024-02-02 wkg:preferred true } } ;
