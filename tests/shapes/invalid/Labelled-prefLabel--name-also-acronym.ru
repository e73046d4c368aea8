# shape: wkgsh:Labelled-prefLabel
# focus: id:wco
# path: skos:prefLabel
# component: sh:DisjointConstraintComponent
# severity: Violation
# why: the WCO's English name also given as one of its acronyms
INSERT DATA { GRAPH graph:editorial {
  id:wco wkg:acronym "World Customs Organization"@en ;
    skos:altLabel "World Customs Organization"@en ;
    schema:alternateName "World Customs Organization"@en .
} } ;
