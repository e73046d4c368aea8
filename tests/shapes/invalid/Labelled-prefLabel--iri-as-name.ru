# shape: wkgsh:Labelled-prefLabel
# focus: id:canada
# path: skos:prefLabel
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a name written as a link (the Wikidata IRI) instead of text
INSERT DATA { GRAPH graph:editorial {
  id:canada wkg:name wd:Q16 ;
    rdfs:label wd:Q16 ;
    skos:prefLabel wd:Q16 ;
    schema:name wd:Q16 .
} } ;
