# shape: wkgsh:QuantitativeClaim-observationAbout
# focus: id:claim-wco-customs-administrations-2022
# path: schema:observationAbout
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a figure about nothing
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o } }
WHERE {
  VALUES ?p { schema:observationAbout }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?o }
} ;
