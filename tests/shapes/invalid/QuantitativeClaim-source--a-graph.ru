# shape: wkgsh:QuantitativeClaim-source
# focus: id:claim-wco-customs-administrations-2022
# path: dcterms:source
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a source given as the named graph instead of the source document
DELETE { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old } }
INSERT { GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p graph:big-partner-profile } }
WHERE {
  VALUES ?p { dcterms:source }
  GRAPH ?g { id:claim-wco-customs-administrations-2022 ?p ?old }
} ;
