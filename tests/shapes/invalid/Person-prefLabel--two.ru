# shape: wkgsh:Person-prefLabel
# focus: id:ian-saunders
# path: skos:prefLabel
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a person with two names
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:ian-saunders wkg:name "Ian D. Saunders" ;
    rdfs:label "Ian D. Saunders" ;
    skos:prefLabel "Ian D. Saunders" ;
    schema:name "Ian D. Saunders" .
} } ;
